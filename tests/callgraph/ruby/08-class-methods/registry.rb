# A process-wide registry kept in class-level state.
class Registry
  class << self
    def register(name, handler)
      entries()[name] = handler
      name
    end

    def lookup(name)
      entries().fetch(name)
    end

    def reset()
      @entries = {}
    end

    private

    def entries()
      @entries ||= {}
    end
  end

  def self.size()
    entries().size()
  end
end
