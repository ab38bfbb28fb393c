<?php

namespace App\Html;

function format(string $text): string
{
    return '<p>' . escape($text) . '</p>';
}

function escape(string $text): string
{
    return htmlspecialchars($text, ENT_QUOTES);
}
