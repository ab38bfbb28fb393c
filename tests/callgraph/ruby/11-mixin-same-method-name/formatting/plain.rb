module Formatting
  module Plain
    def render_line(text)
      text.strip() + "\n"
    end
  end
end
