/**
 * Ruby's Psych as Jekyll calls it (`Psych.safe_load(yaml, permitted_classes: [Date, Time], aliases: true)`,
 * Jekyll::Utils.safe_load_yaml), run once for many texts: the oracle for how front matter is read.
 */
import { spawnSync } from 'node:child_process';

export type PsychResult = { ok: true; data: unknown } | { ok: false; error: string };

let available: boolean | undefined;
export function psychAvailable(): boolean {
  if (available === undefined) available = spawnSync('ruby', ['-ryaml', '-e', 'print 1'], { encoding: 'utf8' }).stdout === '1';
  return available;
}
export const RUBY_MISSING = 'ruby not installed: apt-get install ruby';

const SCRIPT = String.raw`
require 'yaml'; require 'json'; require 'date'
def plain(v)
  case v
  when Hash then v.map { |k, x| [k.to_s, plain(x)] }.to_h
  when Array then v.map { |x| plain(x) }
  when Date, Time then v.to_s
  else v
  end
end
texts = JSON.parse($stdin.read)
out = texts.map do |t|
  begin
    { 'ok' => true, 'data' => plain(Psych.safe_load(t, permitted_classes: [Date, Time], aliases: true)) }
  rescue Psych::SyntaxError, Psych::Exception => e
    { 'ok' => false, 'error' => e.message }
  end
end
print JSON.generate(out)
`;

/** What Psych makes of each text. */
export function psychLoad(texts: readonly string[]): PsychResult[] {
  const r = spawnSync('ruby', ['-e', SCRIPT], { input: JSON.stringify(texts), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`ruby failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as PsychResult[];
}
