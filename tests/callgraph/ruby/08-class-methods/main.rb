require_relative "plugins"

count = Plugins.install_defaults()
upper = Registry.lookup("upper")
puts(count, upper.call("hi"))
Registry.reset()
