<?php

declare(strict_types=1);

$config = require 'config.php';
require_once 'lib/report.php';

function print_totals(array $totals, string $currency): void
{
    foreach ($totals as $region => $sum) {
        printf("%-6s %6.2f %s\n", $region, $sum, $currency);
    }
}

$path = $argv[1] ?? 'sales.csv';
$rows = load_rows($path);
if (count($rows) === 0) {
    $rows = sample_rows();
}
$totals = totals($rows, $config['rate']);
print_totals($totals, $config['currency']);
