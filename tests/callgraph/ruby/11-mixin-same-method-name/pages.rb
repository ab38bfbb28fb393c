require_relative "formatting/html"
require_relative "formatting/plain"

class WebPage
  include Formatting::Html

  def render(lines)
    lines.map { |l| render_line(l) }.join()
  end
end

class TextPage
  include Formatting::Plain

  def render(lines)
    lines.map { |l| self.render_line(l) }.join()
  end
end
