<?php

require_once 'src/exporters.php';
require_once 'src/pipeline.php';

echo publish_report(new SpreadsheetExporter(), new BundleUploader(), [[1, 2], [3, 4]]), "\n";
