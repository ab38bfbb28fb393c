# Module functions (singleton methods) for splitting comma-separated text.
module TextUtil
  def self.normalize(text)
    text.strip().squeeze(" ")
  end

  def self.parse(text)
    normalize(text).split(",").map { |field| field.strip() }
  end

  def self.parse_all(lines)
    lines.map { |line| self.parse(line) }
  end
end
