require_relative "registry"

module Plugins
  def self.install_defaults()
    Registry.register("upper", ->(s) { s.upcase() })
    Registry.register("rev", ->(s) { s.reverse() })
    Registry.size()
  end
end
