// The images the repository ships and how each is built: one Dockerfile, `--build-arg SERVICE=<name>`.
import { SERVICE_NAMES } from '@shop/kit/services';

/** The one Dockerfile, relative to the repository root (the build context). */
export const DOCKERFILE = 'packages/kit/build/Dockerfile';

/** The packages that ship as an image: the services, the load generator and the storefront. */
export const IMAGES = [...SERVICE_NAMES, 'loadgen', 'storefront'] as const;

/** The build command of one image, run from the repository root. */
export function imageBuild(name: string, tag: string, docker: boolean): string[] {
  const image = `shop/${name}:${tag}`;
  return docker
    ? ['docker', 'build', '-f', DOCKERFILE, '--build-arg', `SERVICE=${name}`, '-t', image, '.']
    : ['minikube', 'image', 'build', '-f', DOCKERFILE, `--build-opt=build-arg=SERVICE=${name}`, '-t', image, '.'];
}
