# Knows nothing of the classes it is given: it only calls their methods.
def publish_report(writer, uploader, rows)
  lines = writer.write_spreadsheet_rows(rows)
  uploader.upload_archive_bundle(lines)
end
