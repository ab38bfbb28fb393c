class SpreadsheetWriter
  def write_spreadsheet_rows(rows)
    rows.map { |r| r.join("\t") }
  end
end

class ArchiveUploader
  def upload_archive_bundle(lines)
    "uploaded #{lines.size()} lines"
  end
end
