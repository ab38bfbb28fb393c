<?php

class SpreadsheetExporter
{
    public function exportSpreadsheetRows(array $rows): array
    {
        return array_map(fn (array $row) => implode("\t", $row), $rows);
    }
}

class BundleUploader
{
    public function uploadBundleArchive(array $lines): string
    {
        return sprintf('uploaded %d lines', count($lines));
    }
}
