// The markdown-it plugins the renderer uses ship without type declarations.
declare module 'markdown-it-footnote' {
  import type { PluginSimple } from 'markdown-it';
  const plugin: PluginSimple;
  export default plugin;
}
declare module 'markdown-it-deflist' {
  import type { PluginSimple } from 'markdown-it';
  const plugin: PluginSimple;
  export default plugin;
}
declare module 'markdown-it-abbr' {
  import type { PluginSimple } from 'markdown-it';
  const plugin: PluginSimple;
  export default plugin;
}
declare module 'markdown-it-attrs' {
  import type { PluginWithOptions } from 'markdown-it';
  const plugin: PluginWithOptions<{ leftDelimiter?: string; rightDelimiter?: string; allowedAttributes?: (string | RegExp)[] }>;
  export default plugin;
}
