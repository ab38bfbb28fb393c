require_relative "cache"

def run()
  cache = Cache.new(60)
  cache.put("a", 1)
  puts(cache.get("a"), cache.get("b").inspect())
  settings = { "a" => 2 }
  puts(settings.fetch("a"), cache.stats())
end

run()
