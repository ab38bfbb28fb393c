def load_rows(path)
  return sample_rows() unless File.exist?(path)

  File.readlines(path).map { |l| l.chomp().split(",") }
end

def sample_rows()
  [["north", "10"], ["south", "7"], ["north", "5"]]
end

def totals(rows)
  rows.group_by { |region, _| region }.transform_values { |rs| rs.sum { |_, n| n.to_i() } }
end
