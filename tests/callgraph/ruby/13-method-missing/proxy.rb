class RemoteService
  def fetch(path)
    "GET #{path}"
  end
end

# Turns get_<resource> calls into requests without defining them.
class ServiceProxy
  def initialize()
    @target = RemoteService.new()
    @calls = []
  end

  def method_missing(name, *args)
    if name.to_s().start_with?("get_")
      record(name)
      @target.fetch("/" + name.to_s().sub("get_", ""))
    else
      super
    end
  end

  def respond_to_missing?(name, include_private = false)
    name.to_s().start_with?("get_") || super
  end

  def record(name)
    @calls.push(name)
  end

  def history()
    @calls.dup()
  end
end
