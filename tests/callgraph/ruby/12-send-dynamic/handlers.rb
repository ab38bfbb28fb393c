# Event handlers reached by name at run time.
class Handlers
  def on_start(payload)
    "started #{payload}"
  end

  def on_stop(payload)
    "stopped #{payload}"
  end

  def dispatch(event, payload)
    if event == :start
      send(:on_start, payload)
    else
      public_send(:on_stop, payload)
    end
  end

  def trigger_start(payload)
    on_start(payload)
  end
end
