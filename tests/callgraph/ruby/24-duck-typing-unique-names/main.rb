require_relative "report_builder"
require_relative "pipeline"

puts(publish_report(SpreadsheetWriter.new(), ArchiveUploader.new(), [[1, 2], [3, 4]]))
