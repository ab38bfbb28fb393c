require_relative "text"

def run(line)
  fields = Text.split(line)
  puts(Text.join(fields))
  puts(Text.format("{a} and {b}", { "a" => fields.first(), "b" => fields.last() }))
end

def legacy(line)
  parts = line.split(",")
  puts(parts.join(" | "), format("%05.1f", parts.size()))
end

run("x, y ,z")
legacy("1,2")
