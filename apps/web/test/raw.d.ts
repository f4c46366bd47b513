// Vite's `?raw` imports (text at build time), for web sources a test imports under the root
// tsconfig, which has Node's types, not vite/client's (apps/web/tsconfig.json has those).
declare module '*?raw' {
  const text: string;
  export default text;
}
