require_relative "util"

def run(people)
  people.map { |first, last| format_name(first, last) }
end

def main()
  names = run([[" ada", "lovelace "], ["alan", " turing"]])
  names.each { |n| puts(helper(n)) }
end

main()
