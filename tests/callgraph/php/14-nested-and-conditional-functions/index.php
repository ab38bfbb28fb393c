<?php

require_once 'lib/compat.php';

function build_report(array $rows): string
{
    function format_row(array $row): string
    {
        return str_pad($row[0], 8) . ' ' . money($row[1]);
    }

    $lines = [];
    foreach ($rows as $row) {
        $lines[] = format_row($row);
    }
    return implode("\n", $lines);
}

echo build_report([['north', 10.5], ['south', 7]]), "\n";
echo format_row(['east', 1]), "\n";
