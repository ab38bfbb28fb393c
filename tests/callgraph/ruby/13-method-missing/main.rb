require_relative "proxy"

proxy = ServiceProxy.new()
puts(proxy.get_users())
puts(proxy.get_orders())
puts(proxy.history().inspect())
