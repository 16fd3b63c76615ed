// The few functions of fengari (a Lua 5.3 VM in JavaScript) that lua-health.ts uses.
declare module 'fengari' {
  export type LuaState = { readonly __brand: 'lua_State' };
  export type LuaString = Uint8Array;
  export const lua: {
    LUA_OK: number;
    LUA_TTABLE: number;
    lua_newtable(L: LuaState): void;
    lua_pushstring(L: LuaState, s: LuaString): void;
    lua_pushnumber(L: LuaState, n: number): void;
    lua_pushboolean(L: LuaState, b: boolean): void;
    lua_pushnil(L: LuaState): void;
    lua_settable(L: LuaState, index: number): void;
    lua_rawseti(L: LuaState, index: number, n: number): void;
    lua_setglobal(L: LuaState, name: LuaString): void;
    lua_pcall(L: LuaState, nargs: number, nresults: number, msgh: number): number;
    lua_getfield(L: LuaState, index: number, key: LuaString): number;
    lua_type(L: LuaState, index: number): number;
    lua_tojsstring(L: LuaState, index: number): string | null;
    lua_pop(L: LuaState, n: number): void;
  };
  export const lauxlib: {
    luaL_newstate(): LuaState;
    luaL_loadstring(L: LuaState, s: LuaString): number;
  };
  export const lualib: { luaL_openlibs(L: LuaState): void };
  export function to_luastring(s: string): LuaString;
}
