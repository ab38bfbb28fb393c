module Util
  def self.helper(text)
    text.to_s().tr("_", " ")
  end

  def self.titleize(text)
    Util::helper(text).split(" ").map { |w| w.capitalize() }.join(" ")
  end

  module Paths
    def self.join(*parts)
      parts.join("/")
    end
  end
end
