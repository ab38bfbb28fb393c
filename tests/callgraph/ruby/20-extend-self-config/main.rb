require_relative "config"
require_relative "server"

Config.set("port", 8080)
server = Server.new()
puts(server.get("/health"))
