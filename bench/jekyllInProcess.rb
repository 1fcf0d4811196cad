# Jekyll's own build, timed inside one Ruby process: the work of `jekyll build` without Ruby's start-up
# and the loading of Jekyll and its gems, as `jekyll serve` repeats it on each save. Run by
# bench/run.ts; usable alone:
#   ruby bench/jekyllInProcess.rb SOURCE DESTINATION ROUNDS
# Builds the site ROUNDS times with the same configuration, a new Jekyll::Site each time (a full build,
# not an incremental one; the disk cache is off, as in the bench's `jekyll build`), and prints one JSON
# line: the first build (classes and templates loaded on first use, the state of a one-shot command
# after start-up) and the median of the builds after it (warm).
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
