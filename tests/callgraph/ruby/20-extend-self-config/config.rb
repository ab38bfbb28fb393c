# Settings module whose methods are callable on the module itself.
module Config
  extend self

  def settings()
    @settings ||= { "port" => 3000, "host" => "localhost" }
  end

  def get(key)
    settings().fetch(key)
  end

  def set(key, value)
    settings()[key] = value
  end
end
