# Word statistics over a few lines of text, all in one script.

def helper(word)
  word.downcase().gsub(/[^a-z]/, "")
end

def parse(line)
  line.split(" ").map { |w| helper(w) }.reject { |w| w.empty?() }
end

def run(lines)
  counts = Hash.new(0)
  lines.each do |line|
    parse(line).each { |w| counts[w] += 1 }
  end
  counts
end

def report(counts)
  counts.sort_by { |_, n| -n }.first(3).each do |word, n|
    puts("#{word}: #{n}")
  end
end

report(run(["The cat sat.", "The dog sat down!", "A cat, a dog."]))
