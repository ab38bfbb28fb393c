module CsvFormat
  def self.parse(text)
    text.lines().map { |line| split_row(line.chomp()) }
  end

  def self.split_row(line)
    line.split(",")
  end

  def self.dump(rows)
    rows.map { |r| r.join(",") }.join("\n")
  end
end
