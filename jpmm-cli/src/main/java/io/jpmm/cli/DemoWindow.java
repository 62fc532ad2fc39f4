package io.jpmm.cli;

import java.awt.BorderLayout;
import java.awt.GridLayout;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import javax.swing.ImageIcon;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.SwingConstants;
import javax.swing.SwingUtilities;
import javax.swing.WindowConstants;

/** The demo's steps side by side in a window (for {@code jpmm demo --gui}). */
final class DemoWindow {

    private DemoWindow() {
    }

    static void showAndWait(List<String> titles, List<BufferedImage> images) {
        var closed = new CountDownLatch(1);
        SwingUtilities.invokeLater(() -> {
            var frame = new JFrame("jpmm demo: one array on a shelf, changed in place");
            var grid = new JPanel(new GridLayout(2, 2, 8, 8));
            for (int i = 0; i < images.size(); i++) {
                var cell = new JPanel(new BorderLayout());
                cell.add(new JLabel(new ImageIcon(images.get(i))), BorderLayout.CENTER);
                cell.add(new JLabel((i + 1) + ". " + titles.get(i), SwingConstants.CENTER), BorderLayout.SOUTH);
                grid.add(cell);
            }
            frame.add(grid);
            frame.setDefaultCloseOperation(WindowConstants.DISPOSE_ON_CLOSE);
            frame.addWindowListener(new java.awt.event.WindowAdapter() {
                @Override
                public void windowClosed(java.awt.event.WindowEvent event) {
                    closed.countDown();
                }
            });
            frame.pack();
            frame.setVisible(true);
        });
        try {
            closed.await();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
