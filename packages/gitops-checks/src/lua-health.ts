// Runs an Argo CD resource health check (Lua, as in argocd-cm) against an object, the way Argo CD
// does: the object is the global `obj`, the script returns a table with `status` and `message`.
import fengari from 'fengari';

const { lua, lauxlib, lualib, to_luastring } = fengari;
type LuaState = ReturnType<typeof lauxlib.luaL_newstate>;

export interface Health {
  status: string;
  message: string;
}

function push(L: LuaState, value: unknown): void {
  if (value === null || value === undefined) lua.lua_pushnil(L);
  else if (typeof value === 'string') lua.lua_pushstring(L, to_luastring(value));
  else if (typeof value === 'number') lua.lua_pushnumber(L, value);
  else if (typeof value === 'boolean') lua.lua_pushboolean(L, value);
  else if (Array.isArray(value)) {
    lua.lua_newtable(L);
    value.forEach((item, i) => {
      push(L, item);
      lua.lua_rawseti(L, -2, i + 1);
    });
  } else if (typeof value === 'object') {
    lua.lua_newtable(L);
    for (const [k, v] of Object.entries(value)) {
      lua.lua_pushstring(L, to_luastring(k));
      push(L, v);
      lua.lua_settable(L, -3);
    }
  } else throw new Error(`cannot pass a ${typeof value} to Lua`);
}

function field(L: LuaState, name: string): string {
  lua.lua_getfield(L, -1, to_luastring(name));
  const value = lua.lua_tojsstring(L, -1) ?? '';
  lua.lua_pop(L, 1);
  return value;
}

export function evaluateHealth(script: string, obj: unknown): Health {
  const L = lauxlib.luaL_newstate();
  lualib.luaL_openlibs(L);
  push(L, obj);
  lua.lua_setglobal(L, to_luastring('obj'));
  if (lauxlib.luaL_loadstring(L, to_luastring(script)) !== lua.LUA_OK || lua.lua_pcall(L, 0, 1, 0) !== lua.LUA_OK)
    throw new Error(`health script failed: ${lua.lua_tojsstring(L, -1) ?? 'unknown error'}`);
  if (lua.lua_type(L, -1) !== lua.LUA_TTABLE) throw new Error('health script did not return a table');
  return { status: field(L, 'status'), message: field(L, 'message') };
}
