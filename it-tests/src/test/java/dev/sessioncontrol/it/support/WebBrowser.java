package dev.sessioncontrol.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's, through its ChromeDriver) with a fresh profile, for the console
 * tests. Waits are generous and condition-based: other servers share this machine, so nothing here
 * measures time.
 */
public final class WebBrowser implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(90);

    private final ChromeDriver driver;
    private final Path profile;

    public WebBrowser() {
        try {
            profile = Files.createTempDirectory("sc-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("chrome.binary", "/usr/bin/chromium"));
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-quic",
                "--no-first-run",
                "--window-size=1400,1000",
                "--lang=en-US",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(System.getProperty("webdriver.chrome.driver", "/usr/bin/chromedriver"))
                        .toFile())
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(WAIT);
    }

    public WebDriver driver() {
        return driver;
    }

    /** Resizes the window so the page's viewport is {@code width} CSS pixels wide (as a phone or laptop shows it). */
    public void size(int width, int height) {
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(width, height));
        Object inner = script("return window.innerWidth;");
        int delta = width - ((Number) inner).intValue();
        if (delta != 0) { // the window's frame: grow it so the viewport itself has the width asked for
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(width + delta, height));
        }
    }

    /**
     * What scrolls sideways on the page: the document itself, or any element whose content is wider than it and
     * that shows a scrollbar for it. Empty when everything fits.
     */
    @SuppressWarnings("unchecked")
    public List<String> horizontalScrollbars() {
        return (List<String>) script("""
                const found = [];
                const root = document.documentElement;
                if (root.scrollWidth > root.clientWidth + 1) found.push('document ' + root.scrollWidth + ' > ' + root.clientWidth);
                for (const e of document.querySelectorAll('body *')) {
                  const overflow = getComputedStyle(e).overflowX;
                  if ((overflow === 'auto' || overflow === 'scroll') && e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 0) {
                    found.push(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + '.' + String(e.className).split(' ').join('.')
                        + ' ' + e.scrollWidth + ' > ' + e.clientWidth);
                  }
                }
                return found;""");
    }

    public void open(String url) {
        driver.get(url);
    }

    /** Fills Keycloak's login form if it is showing. */
    public void signInIfAsked(String username, String password) {
        WebElement user = await(d -> {
            List<WebElement> forms = d.findElements(By.id("kc-form-login"));
            List<WebElement> app = d.findElements(By.cssSelector("#app header, #app nav"));
            if (!forms.isEmpty()) {
                return d.findElement(By.id("username"));
            }
            return app.isEmpty() ? null : d.findElement(By.tagName("body"));
        });
        if (!"username".equals(user.getAttribute("id"))) {
            return;
        }
        user.clear();
        user.sendKeys(username);
        WebElement pw = driver.findElement(By.id("password"));
        pw.clear();
        pw.sendKeys(password);
        driver.findElement(By.id("kc-login")).click();
        await(d -> d.findElements(By.id("kc-form-login")).isEmpty() ? true : null);
    }

    public <T> T await(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT)
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(condition::apply);
    }

    public WebElement awaitVisible(By by) {
        return await(d -> d.findElements(by).stream()
                .filter(WebElement::isDisplayed)
                .findFirst()
                .orElse(null));
    }

    public WebElement byTestId(String testId) {
        return awaitVisible(testId(testId));
    }

    public static By testId(String testId) {
        return By.cssSelector("[data-testid='" + testId + "']");
    }

    /** Scrolls the element into view first (wide tables scroll sideways), then clicks it. */
    public void click(WebElement element) {
        script("arguments[0].scrollIntoView({block: 'center', inline: 'center'});", element);
        element.click();
    }

    /** Text of the page, for failure messages. */
    public String pageText() {
        try {
            return driver.getCurrentUrl() + "\n"
                    + driver.findElement(By.tagName("body")).getText();
        } catch (RuntimeException e) {
            return "(page text unavailable: " + e + ")";
        }
    }

    public Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /**
     * Writes target/screenshots/NAME.png, and also into {@code docs.screenshots.dir} when a run is asked to
     * refresh the committed pictures of the pages.
     */
    public void screenshot(String name) {
        byte[] png = driver.getScreenshotAs(OutputType.BYTES);
        for (String property : List.of("screenshots.dir", "docs.screenshots.dir")) {
            String dir = System.getProperty(property);
            if (dir == null || dir.isBlank()) {
                continue;
            }
            try {
                Path target = Path.of(dir).resolve(name + ".png");
                Files.createDirectories(target.getParent());
                Path tmp = Files.createTempFile(target.getParent(), name, ".tmp");
                Files.write(tmp, png);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temp dir; best effort
            }
        }
    }
}
