class Store
  def initialize()
    @rows = {}
  end

  def save(key, value)
    @rows[key] = value
    key
  end

  def get(key)
    @rows[key]
  end
end
