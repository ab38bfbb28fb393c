# Module functions named like String and Array methods.
module Text
  def self.split(line, sep = ",")
    line.split(sep).map { |part| part.strip() }
  end

  def self.join(parts)
    parts.join(", ")
  end

  def self.format(template, values)
    values.reduce(template) { |acc, (key, value)| acc.gsub("{#{key}}", value.to_s()) }
  end
end
