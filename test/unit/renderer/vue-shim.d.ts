// Renderer tests import .vue files; the test tsconfig has no Vue plugin, so declare them here.
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}
