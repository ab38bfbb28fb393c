require_relative "parsers/json_parser"
require_relative "parsers/csv_parser"

def parse(path)
  text = File.read(path)
  if path.end_with?(".json")
    JsonFormat.parse(text)
  else
    CsvFormat.parse(text)
  end
end

def convert(path)
  data = parse(path)
  path.end_with?(".json") ? CsvFormat.dump(data) : JsonFormat.dump(data)
end

puts(convert(ARGV[0])) unless ARGV.empty?()
puts(CsvFormat.parse("a,b\nc,d").inspect())
