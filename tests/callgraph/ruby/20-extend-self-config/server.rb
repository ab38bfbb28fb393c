require_relative "config"

class Server
  def initialize()
    @host = Config.get("host")
    @port = Config.get("port")
  end

  def url()
    "http://#{@host}:#{@port}"
  end

  def get(path)
    "GET #{url()}#{path}"
  end
end
