require_relative "lib/text_util"

def parse(path)
  File.readlines(path).map { |l| l.chomp() }
end

lines = ARGV.empty?() ? ["a, b,  c", "d,e"] : parse(ARGV[0])
rows = TextUtil.parse_all(lines)
first = TextUtil.parse("x,  y")
puts(rows.inspect(), first.inspect())
