# Jekyll's own build, timed inside one Ruby process: the work of `jekyll build` without Ruby's start-up
# and the loading of Jekyll and its gems, as `jekyll serve` repeats it on each save. Run by
# bench/run.ts; usable alone:
#   ruby bench/jekyllInProcess.rb SOURCE DESTINATION ROUNDS
# Builds the site ROUNDS times with the same configuration, a new Jekyll::Site each time, and prints one
# JSON line: the first build (classes and templates loaded on first use, the state of a one-shot command
# after start-up) and the median of the builds after it (warm). Each is a full build, as `jekyll build`
# makes it: not incremental, the disk cache off, and before each round (untimed) the sites of earlier
# rounds let go (Jekyll keeps every Site in Jekyll.sites) and Jekyll's in-memory cache emptied, which
# would otherwise hand a later round the Markdown already converted by an earlier one.
require 'json'
require 'jekyll'

source, destination, rounds = ARGV[0], ARGV[1], [Integer(ARGV[2] || '5'), 2].max
Jekyll.logger.log_level = :error
config = Jekyll.configuration(
  'source' => source,
  'destination' => destination,
  'disable_disk_cache' => true,
  'quiet' => true
)

def now_ms
  Process.clock_gettime(Process::CLOCK_MONOTONIC) * 1000.0
end

times = []
pages = 0
rounds.times do
  Jekyll.sites.clear
  Jekyll::Cache.base_cache.each_value(&:clear)
  GC.start
  site = Jekyll::Site.new(config)
  started = now_ms
  site.process
  times << now_ms - started
  pages = site.pages.size + site.posts.docs.size
end

warm = times.drop(1).sort
median = warm.size.odd? ? warm[warm.size / 2] : (warm[warm.size / 2 - 1] + warm[warm.size / 2]) / 2.0
puts JSON.generate(
  'firstMs' => times.first,
  'warmMs' => median,
  'rounds' => times.size,
  'runs' => times,
  'documents' => pages,
  'peakRssMb' => (File.read('/proc/self/status')[/VmHWM:\s+(\d+)/, 1].to_f / 1024 rescue nil)
)
