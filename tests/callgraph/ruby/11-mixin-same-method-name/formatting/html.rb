module Formatting
  module Html
    def render_line(text)
      "<p>#{escape(text)}</p>"
    end

    def escape(text)
      text.gsub("&", "&amp;").gsub("<", "&lt;")
    end
  end
end
