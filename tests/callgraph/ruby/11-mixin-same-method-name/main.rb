require_relative "pages"

web = WebPage.new()
text = TextPage.new()
puts(web.render(["a < b", "c & d"]))
puts(text.render(["  plain  "]))
