require_relative "util"

def helper(name)
  "main-#{name}"
end

puts(Util::titleize("hello_world"))
puts(Util::Paths.join("a", "b"))
puts(Util::Paths::join("c", helper("d")))
puts(helper(Util.helper("x_y")))
