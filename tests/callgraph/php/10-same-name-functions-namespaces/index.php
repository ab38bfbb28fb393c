<?php

require_once 'src/Text/functions.php';
require_once 'src/Html/functions.php';
require_once 'src/Reports/TextReport.php';
require_once 'src/Reports/HtmlReport.php';

use App\Reports\HtmlReport;
use App\Reports\TextReport;

$body = '  fish & <chips>  ';
echo (new TextReport())->render($body), "\n";
echo (new HtmlReport())->render($body), "\n";
echo \App\Html\escape('<b>'), "\n";
