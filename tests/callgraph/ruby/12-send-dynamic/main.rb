require_relative "handlers"

handlers = Handlers.new()
puts(handlers.dispatch(:start, "job-1"))
puts(handlers.trigger_start("job-2"))

action = ARGV.first() || "on_stop"
puts(handlers.public_send(action, "job-3"))

stopper = handlers.method(:on_stop)
puts(stopper.call("job-4"))
