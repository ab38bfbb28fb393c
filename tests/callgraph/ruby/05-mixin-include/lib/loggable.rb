# Mixin giving any class a prefixed log line.
module Loggable
  def log(message)
    puts("[#{log_prefix()}] #{message}")
  end

  def log_prefix()
    self.class().name().downcase()
  end
end
