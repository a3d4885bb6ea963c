// LuceneArabic.java: the Lucene 4.10 Arabic analysis peer for bench/run-all and bench/differential-peers.
// Compiled at bench time with javac against Debian's lucene-core and lucene-analyzers-common jars.
import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.ar.ArabicAnalyzer;
import org.apache.lucene.analysis.ar.ArabicNormalizationFilter;
import org.apache.lucene.analysis.ar.ArabicStemFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Modes:
 *   chain     StandardTokenizer + ArabicNormalizationFilter + ArabicStemFilter
 *             (normalization + light stem; no lowercasing, no stop words): akhbar's comparable chain.
 *   norm      StandardTokenizer + ArabicNormalizationFilter only (for the differential table).
 *   analyzer  the stock ArabicAnalyzer: the same plus LowerCaseFilter and its stop-word StopFilter.
 * Usage:
 *   LuceneArabic [--mode chain|analyzer] [--warmup N] [--runs N] FILE
 *       prints key=value lines: the first (cold) pass, and the best of N timed passes made after
 *       the warm-up passes (the cold pass counts as one); with --runs 0 the cold pass is reported.
 *   LuceneArabic --mode chain|norm|analyzer --print
 *       reads lines from stdin, writes each line's terms separated by spaces (for the differential table).
 */
public final class LuceneArabic {
    private static final class Chain extends Analyzer {
        private final boolean stem;

        Chain(boolean stem) {
            this.stem = stem;
        }

        @Override
        protected TokenStreamComponents createComponents(String field, Reader reader) {
            Tokenizer source = new StandardTokenizer(reader);
            TokenStream result = new ArabicNormalizationFilter(source);
            if (stem) result = new ArabicStemFilter(result);
            return new TokenStreamComponents(source, result);
        }
    }

    private static long tokens;
    private static long termChars; // consumed so the JIT cannot drop the work

    private static void analyze(Analyzer a, Reader r) throws IOException {
        try (TokenStream ts = a.tokenStream("body", r)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                tokens++;
                termChars += term.length();
            }
            ts.end();
        }
    }

    private static double timedRun(Analyzer a, String file) throws IOException {
        tokens = 0;
        termChars = 0;
        long t0 = System.nanoTime();
        try (Reader r = new InputStreamReader(new FileInputStream(file), StandardCharsets.UTF_8)) {
            analyze(a, r);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void printTerms(Analyzer a) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        StringBuilder out = new StringBuilder();
        for (String line; (line = in.readLine()) != null; ) {
            try (TokenStream ts = a.tokenStream("body", new StringReader(line))) {
                CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
                ts.reset();
                boolean first = true;
                while (ts.incrementToken()) {
                    if (!first) out.append(' ');
                    out.append(term.buffer(), 0, term.length());
                    first = false;
                }
                ts.end();
            }
            out.append('\n');
        }
        System.out.write(out.toString().getBytes(StandardCharsets.UTF_8));
        System.out.flush();
    }

    private static long peakRssKb() {
        try {
            for (String l : Files.readAllLines(Paths.get("/proc/self/status"))) {
                if (l.startsWith("VmHWM:")) return Long.parseLong(l.replaceAll("[^0-9]", ""));
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    public static void main(String[] args) throws IOException {
        String mode = "chain", file = null;
        int warmup = 1, runs = 3;
        boolean print = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--mode": mode = args[++i]; break;
                case "--warmup": warmup = Integer.parseInt(args[++i]); break;
                case "--runs": runs = Integer.parseInt(args[++i]); break;
                case "--print": print = true; break;
                default: file = args[i];
            }
        }
        Analyzer a;
        if (mode.equals("chain")) a = new Chain(true);
        else if (mode.equals("norm")) a = new Chain(false);
        else if (mode.equals("analyzer")) a = new ArabicAnalyzer();
        else {
            System.err.println("LuceneArabic: unknown mode " + mode);
            System.exit(2);
            return;
        }
        if (print) {
            printTerms(a);
            return;
        }
        if (file == null) {
            System.err.println("usage: LuceneArabic [--mode chain|analyzer] [--warmup N] [--runs N] FILE");
            System.exit(2);
        }
        long bytes = Files.size(Paths.get(file));
        double cold = timedRun(a, file);
        for (int i = 1; i < warmup; i++) timedRun(a, file);
        double best = Double.MAX_VALUE;
        for (int i = 0; i < runs; i++) best = Math.min(best, timedRun(a, file));
        if (runs == 0) best = cold; // whole-process measurement: the cold pass is the only one
        System.out.println("peer=lucene-" + mode);
        System.out.println("bytes=" + bytes);
        System.out.println("tokens=" + tokens);
        System.out.println("term_chars=" + termChars);
        System.out.printf("cold_seconds=%.6f%n", cold);
        System.out.printf("seconds=%.6f%n", best);
        System.out.printf("mb_s=%.2f%n", bytes / 1e6 / best);
        System.out.printf("cold_mb_s=%.2f%n", bytes / 1e6 / cold);
        System.out.printf("tokens_s=%.0f%n", tokens / best);
        System.out.println("peak_rss_kb=" + peakRssKb());
    }
}
