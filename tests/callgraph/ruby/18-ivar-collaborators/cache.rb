require_relative "store"

# Counts hits in front of a Store held in an instance variable.
class Cache
  def initialize(ttl)
    @ttl = ttl
    @store = Store.new()
    @hits = 0
  end

  def get(key)
    value = @store.get(key)
    @hits += 1 unless value.nil?()
    value
  end

  def put(key, value)
    @store.save(key, value)
  end

  def stats()
    { hits: @hits, ttl: @ttl }
  end
end
