# Small string helpers shared by the scripts of this folder.

def helper(name)
  name.strip().capitalize()
end

def format_name(first, last)
  "#{helper(first)} #{helper(last)}"
end
