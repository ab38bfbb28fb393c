require_relative "config"

def main()
  config = Config.from_env({ "APP_PORT" => 9090 })
  fallback = Config.default()
  puts(config.get("port"), fallback.get("env"))
end

main()
