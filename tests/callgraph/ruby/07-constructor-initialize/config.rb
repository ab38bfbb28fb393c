# Application settings built from defaults and APP_* environment variables.
class Config
  DEFAULTS = { "env" => "development", "port" => "8080" }.freeze()

  def self.default()
    new(DEFAULTS.dup())
  end

  def self.from_env(env)
    config = Config.new({})
    config.load(env)
    config
  end

  def initialize(values)
    @values = values
    normalize()
  end

  def load(env)
    env.each do |key, value|
      @values[key.sub("APP_", "").downcase()] = value if key.start_with?("APP_")
    end
    normalize()
  end

  def get(key)
    @values.fetch(key) { DEFAULTS[key] }
  end

  private

  def normalize()
    @values.transform_values!(&:to_s)
  end
end
