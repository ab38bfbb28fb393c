<?php

// Knows nothing of the classes it is given: it only calls their methods.
function publish_report($exporter, $uploader, array $rows): string
{
    $lines = $exporter->exportSpreadsheetRows($rows);
    return $uploader->uploadBundleArchive($lines);
}
