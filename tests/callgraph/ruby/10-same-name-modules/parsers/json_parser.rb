require "json"

module JsonFormat
  def self.parse(text)
    JSON.parse(text)
  end

  def self.dump(data)
    JSON.generate(data)
  end
end
