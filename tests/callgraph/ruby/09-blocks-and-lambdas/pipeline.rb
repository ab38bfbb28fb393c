# Calls made inside blocks and lambdas belong to the method that holds them.
class Command
  def initialize(name)
    @name = name
  end

  def call(input)
    "#{@name}(#{input})"
  end
end

def clean(value)
  value.to_s().strip()
end

def shout(value)
  value.upcase() + "!"
end

def process(values)
  formatter = ->(v) { shout(clean(v)) }
  doubled = values.map do |v|
    formatter.call(v) * 2
  end
  doubled.select { |v| !clean(v).empty?() }
end

def run_commands(inputs)
  cmd = Command.new("wrap")
  inputs.map { |i| cmd.call(i) }
end

puts(process([" a ", "b"]).inspect())
puts(run_commands(%w[x y]).inspect())
